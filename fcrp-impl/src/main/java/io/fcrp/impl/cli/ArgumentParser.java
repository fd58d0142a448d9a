package io.fcrp.impl.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small parser for {@code --option value}, {@code --option=value} and {@code --flag}; anything
 * not starting with {@code --} is an operand ({@code -} alone too). {@code --} ends the options.
 */
final class ArgumentParser {

    private final Set<String> valueOptions = new HashSet<>();
    private final Set<String> flagOptions = new HashSet<>();
    private int maxOperands;

    /** Declares an option that takes a value. */
    ArgumentParser option(String name) {
        valueOptions.add(name);
        return this;
    }

    /** Declares an option without a value. */
    ArgumentParser flag(String name) {
        flagOptions.add(name);
        return this;
    }

    /** Allows up to {@code max} operands (none by default). */
    ArgumentParser operands(int max) {
        maxOperands = max;
        return this;
    }

    Arguments parse(List<String> args) throws UsageException {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> operands = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("--")) {
                operands.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (flagOptions.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException(name + " takes no value");
                }
                flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(name + " needs a value");
                }
                if (values.put(name, value) != null) {
                    throw new UsageException(name + " is given twice");
                }
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        if (operands.size() > maxOperands) {
            throw new UsageException(
                    maxOperands == 0
                            ? "unexpected argument '" + operands.get(0) + "'"
                            : "too many arguments: " + String.join(" ", operands));
        }
        return new Arguments(values, flags, operands);
    }
}

"""Throwaway certificates for the TLS column: a CA, a primary naming 127.0.0.1 and a replica,
made with the JDK's keytool as the README's Security section shows, and the `bin/fcrp` options
that use them."""

import os
import shutil
import subprocess

from .build import BuildError

PASSWORD = "fcrp-compare"


def keytool():
    """The JDK's keytool: the one of JAVA_HOME (as `bin/fcrp` uses its java), else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        return os.path.join(home, "bin", "keytool")
    found = shutil.which("keytool")
    if found is None:
        raise BuildError("the TLS column needs the JDK's keytool: set JAVA_HOME or put keytool on PATH")
    return found


def certificates(directory, log):
    """Makes the CA and the two node key stores in `directory`; returns the `bin/fcrp` options of
    the primary and of the replica."""
    os.makedirs(directory, exist_ok=True)
    password = os.path.join(directory, "password")
    with open(password, "w") as out:
        out.write(PASSWORD + "\n")
    log("TLS: certificates for the TLS column in %s" % directory)

    def path(name):
        return os.path.join(directory, name)

    _keytool(["-genkeypair", "-alias", "ca", "-dname", "CN=fcrp-compare-ca", "-ext", "bc:c",
              "-validity", "2", "-keystore", path("ca.p12")])
    _keytool(["-exportcert", "-rfc", "-alias", "ca", "-keystore", path("ca.p12"), "-file", path("ca.pem")])
    for node, names in (("primary", ["-ext", "san=ip:127.0.0.1"]), ("replica", [])):
        store = path(node + ".p12")
        _keytool(["-genkeypair", "-alias", node, "-dname", "CN=fcrp-compare-" + node, "-validity", "2",
                  "-keystore", store])
        _keytool(["-certreq", "-alias", node, "-keystore", store, "-file", path(node + ".csr")])
        _keytool(["-gencert", "-rfc", "-alias", "ca", "-keystore", path("ca.p12"), "-infile", path(node + ".csr"),
                  "-outfile", path(node + ".crt"), "-validity", "2"] + names)
        with open(path(node + "-chain.pem"), "w") as chain:
            for part in (node + ".crt", "ca.pem"):
                with open(path(part)) as pem:
                    chain.write(pem.read())
        _keytool(["-importcert", "-noprompt", "-alias", node, "-keystore", store, "-file", path(node + "-chain.pem")])
    return [_options(path(node + ".p12"), password, path("ca.pem")) for node in ("primary", "replica")]


def _options(keystore, password, truststore):
    return ["--tls", "--tls-keystore", keystore, "--tls-keystore-password-file", password,
            "--tls-truststore", truststore]


def _keytool(arguments):
    # EC P-256, as the README's commands: the key type changes the handshake's cost, not the records'
    command = [keytool(), "-storetype", "PKCS12", "-storepass", PASSWORD]
    if arguments[0] == "-genkeypair":
        command += ["-keyalg", "EC", "-groupname", "secp256r1"]
    result = subprocess.run(command + arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
    if result.returncode != 0:
        raise BuildError("keytool %s failed: %s" % (" ".join(arguments), result.stdout.decode("utf-8", "replace")))

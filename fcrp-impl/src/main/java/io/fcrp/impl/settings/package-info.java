/**
 * The property catalog: each configuration property declared once ({@link Property}: name, default,
 * range, meaning), read whole from Config Admin or the command line ({@link PropertyValues}) with
 * every problem reported in one message, token files.
 *
 * <p>The foundation of the configuration types: imports nothing of the engine.
 */
package io.fcrp.impl.settings;

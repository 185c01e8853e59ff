package io.threadwire.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@link BuiltIn} by the name it is registered under, in any case, and lists those
 * names for help and completion as users write them: {@code logger}, not {@code LOGGER}.
 */
final class BuiltInConverter implements ITypeConverter<BuiltIn>, Iterable<String> {
    @Override
    public BuiltIn convert(String text) {
        for (BuiltIn b : BuiltIn.values()) {
            if (b.threadName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new TypeConversionException("'" + text + "' is not a built-in thread: write " + String.join(", ", this));
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(BuiltIn.values()).map(BuiltIn::threadName).iterator();
    }
}

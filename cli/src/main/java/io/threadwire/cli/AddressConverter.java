package io.threadwire.cli;

import io.threadwire.core.NodeAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a node's address, {@code host:port}; a bare port means {@code 127.0.0.1:port}. */
final class AddressConverter implements ITypeConverter<NodeAddress> {
    @Override
    public NodeAddress convert(String text) {
        String t = text.strip();
        try {
            return t.chars().allMatch(Character::isDigit) && !t.isEmpty()
                    ? new NodeAddress("127.0.0.1", Integer.parseInt(t))
                    : NodeAddress.parse(t);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + text + "' is not a node address: write host:port, e.g. 127.0.0.1:9000");
        }
    }
}

package io.threadwire.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}: the jar's, or "development" when run from classes. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Threadwire.class.getPackage().getImplementationVersion();
        return new String[] {"threadwire " + (v == null ? "development" : v)};
    }
}

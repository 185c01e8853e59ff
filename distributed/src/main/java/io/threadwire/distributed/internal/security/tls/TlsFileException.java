package io.threadwire.distributed.internal.security.tls;

import io.threadwire.core.ThreadwireException;
import java.nio.file.Path;

/** A TLS file that cannot be used: the message names the file and says why. */
public final class TlsFileException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    TlsFileException(Path file, String problem) {
        super("TLS: " + file + " " + problem);
        this.file = file;
    }

    TlsFileException(Path file, String problem, Throwable cause) {
        super("TLS: " + file + " " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}

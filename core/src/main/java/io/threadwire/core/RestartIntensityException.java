package io.threadwire.core;

/**
 * A {@link Supervisor} gave up: its children needed more restarts than its intensity allows.
 * The supervisor's thread ends with this exception, so its monitors see it as the reason
 * ({@link ExitReason.Crashed}) and its links fail.
 */
public class RestartIntensityException extends ThreadwireException {
    private static final long serialVersionUID = 1L;

    /** @param message which restarts passed which intensity (may be null) */
    public RestartIntensityException(String message) {
        super(message);
    }
}

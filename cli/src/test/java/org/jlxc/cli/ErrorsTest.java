package org.jlxc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void fileErrorsNameTheFileAndTheReason() {
        assertThat(Errors.describe(new NoSuchFileException("/a"))).isEqualTo("/a: No such file or directory");
        assertThat(Errors.describe(new AccessDeniedException("/a"))).isEqualTo("/a: Permission denied");
        assertThat(Errors.describe(new FileSystemException("/a", "/b", "Invalid cross-device link")))
                .isEqualTo("/a -> /b: Invalid cross-device link");
    }

    @Test
    void wrappedIoErrorsAreUnwrappedOnlyWhenTheWrapperSaysNothing() {
        assertThat(Errors.describe(new UncheckedIOException(new NoSuchFileException("/a"))))
                .isEqualTo("/a: No such file or directory");
        assertThat(Errors.describe(new UncheckedIOException("cannot read x", new IOException("eio"))))
                .isEqualTo("cannot read x");
    }

    @Test
    void otherwiseTheMessageOrTheTypeName() {
        assertThat(Errors.describe(new IllegalStateException("not running"))).isEqualTo("not running");
        assertThat(Errors.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}

package org.jlxc.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code partial} marker of a container being created, as LXC keeps it: the file is
 * created exclusively and write-locked for the whole creation, then unlinked. The lock is an
 * fcntl record lock ({@link FileChannel#lock()} is one on Linux), so LXC's own tools see a
 * creation made by jlxc as ongoing, and the other way round.
 *
 * <p>fcntl locks belong to the process, and closing <em>any</em> descriptor of the file drops
 * them all. So a check from the process that holds the marker must not open the file: markers
 * held here are remembered in {@link #HELD} and answered from there.
 */
public final class PartialCreation implements AutoCloseable {

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private boolean closed;

    private PartialCreation(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Creates the marker (it must not exist: O_EXCL, mode 0755 as LXC) and write-locks it,
     * waiting for the lock like LXC's F_SETLKW.
     */
    public static PartialCreation begin(ContainerDir dir) throws StoreException {
        Path file = dir.partialFile();
        FileChannel channel;
        try {
            channel = FileChannel.open(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("Creation of " + dir.name() + " is still in progress (" + file + " exists)");
        } catch (IOException e) {
            throw new StoreException("Failed to create " + file + ": " + e.getMessage(), e);
        }
        try {
            channel.lock();
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            deleteQuietly(file);
            throw new StoreException("Failed to lock " + file + ": " + e.getMessage(), e);
        }
        HELD.add(file);
        return new PartialCreation(file, channel);
    }

    /** LXC's ongoing_create(): none, ongoing (someone holds the lock) or abandoned (nobody does). */
    public static PartialState check(ContainerDir dir) {
        Path file = dir.partialFile();
        if (HELD.contains(file)) {
            return PartialState.ONGOING;
        }
        if (!Files.exists(file)) {
            return PartialState.NONE;
        }
        // A shared lock is enough to learn whether a writer holds the file, and needs only read access.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return PartialState.ONGOING;
            }
            probe.release();
            return PartialState.ABANDONED;
        } catch (OverlappingFileLockException e) {
            // Another channel of this JVM holds a lock on it: that is an ongoing creation here.
            return PartialState.ONGOING;
        } catch (NoSuchFileException e) {
            return PartialState.NONE;
        } catch (IOException e) {
            // LXC treats a marker it cannot open as no marker.
            return PartialState.NONE;
        }
    }

    /** Releases the lock and removes the marker; safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Unlink while still locked, so nobody can see the marker unlocked and call it abandoned.
        deleteQuietly(file);
        closeQuietly(channel);
        HELD.remove(file);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing releases the lock; nothing more can be done if close itself fails.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A marker left behind is reported as abandoned later and cleaned up then.
        }
    }
}

package io.turnpike.dataplane.entry;

import io.netty.channel.Channel;

/**
 * Whether a connection (or HTTP/2 stream) reads, decided in one place from the reasons its handlers
 * have for not reading. Auto-read is switched only when the answer changes, so a connection whose
 * requests need no holding back never pays for the switch (a system call with epoll).
 */
final class ReadGate {

    /** An HTTP/2 stream's request is being answered. */
    static final int ANSWERING = 1;
    /** The client is not taking its answers (the channel is not writable). */
    static final int CLIENT_BLOCKED = 2;
    /** A pipelined request waits until the one before it is answered. */
    static final int HELD = 4;
    /** A streamed request's body waits for the upstream (see {@link StreamedRequest}). */
    static final int UPSTREAM = 8;

    private final Channel channel;
    private final boolean http1;
    private int reasons;
    /** Told when {@link #HELD} becomes the only reason left: whoever holds requests may serve them now. */
    private Runnable onlyHeld;

    ReadGate(Channel channel, boolean http1) {
        this.channel = channel;
        this.http1 = http1;
    }

    /** Sets or clears one reason. */
    void set(int reason, boolean on) {
        int next = on ? reasons | reason : reasons & ~reason;
        if (next != reasons) {
            reasons = next;
            apply();
            if (next == HELD && reason != HELD && onlyHeld != null) {
                onlyHeld.run();
            }
        }
    }

    /** Whether any reason keeps the connection from reading. */
    boolean closed() {
        return reasons != 0;
    }

    /** Whether a reason other than {@link #HELD} keeps the connection from reading. */
    boolean closedBesidesHeld() {
        return (reasons & ~HELD) != 0;
    }

    /** Sets what runs when {@link #HELD} becomes the only reason left. */
    void onlyHeldLeft(Runnable r) {
        this.onlyHeld = r;
    }

    private void apply() {
        if (http1 && Hangup.inProgress(channel)) {
            return; // draining until the close
        }
        boolean read = reasons == 0;
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }
}

package io.threadwire.tests.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 for tests: answers SRV questions from a map the test changes, and
 * NXDOMAIN for any other name; counts the questions. One UDP socket, one thread.
 */
final class MiniDns implements AutoCloseable {
    private static final int TYPE_SRV = 33;
    private static final int CLASS_IN = 1;

    /** One SRV record: {@code priority weight port target}. */
    record Srv(int priority, int weight, int port, String target) {
    }

    private final DatagramSocket socket;
    private final Map<String, List<Srv>> srv = new ConcurrentHashMap<>();
    private final AtomicInteger questions = new AtomicInteger();
    private final Thread server;

    MiniDns() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server = Thread.ofPlatform().daemon().name("mini-dns").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    int questions() {
        return questions.get();
    }

    /** From now on {@code name} has these SRV records (none: NXDOMAIN). */
    void srv(String name, List<Srv> records) {
        srv.put(name.toLowerCase(Locale.ROOT), List.copyOf(records));
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
                byte[] answer = answer(ByteBuffer.wrap(in.getData(), 0, in.getLength()));
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(ByteBuffer q) {
        int id = q.getShort() & 0xFFFF;
        q.getShort(); // flags
        if ((q.getShort() & 0xFFFF) != 1) {
            return null;
        }
        q.position(12);
        int questionStart = q.position();
        StringBuilder name = new StringBuilder();
        for (int len = q.get() & 0xFF; len != 0; len = q.get() & 0xFF) {
            if (!name.isEmpty()) {
                name.append('.');
            }
            name.append(new String(q.array(), q.arrayOffset() + q.position(), len, StandardCharsets.US_ASCII));
            q.position(q.position() + len);
        }
        int type = q.getShort() & 0xFFFF;
        q.getShort(); // class
        byte[] question = new byte[q.position() - questionStart];
        System.arraycopy(q.array(), q.arrayOffset() + questionStart, question, 0, question.length);
        questions.incrementAndGet();
        List<Srv> records = srv.get(name.toString().toLowerCase(Locale.ROOT));
        boolean found = records != null && !records.isEmpty();
        List<Srv> answers = found && type == TYPE_SRV ? records : List.of();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(12);
        header.putShort((short) id).putShort((short) (0x8400 | (found ? 0 : 3))) // response, authoritative, NXDOMAIN
                .putShort((short) 1).putShort((short) answers.size()).putShort((short) 0).putShort((short) 0);
        out.writeBytes(header.array());
        out.writeBytes(question);
        for (Srv r : answers) {
            byte[] target = labels(r.target());
            ByteBuffer a = ByteBuffer.allocate(12 + 6 + target.length);
            a.putShort((short) 0xC00C).putShort((short) TYPE_SRV).putShort((short) CLASS_IN).putInt(0)
                    .putShort((short) (6 + target.length))
                    .putShort((short) r.priority()).putShort((short) r.weight()).putShort((short) r.port()).put(target);
            out.writeBytes(a.array());
        }
        return out.toByteArray();
    }

    private static byte[] labels(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                out.write(label.length());
                out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        server.join();
    }
}

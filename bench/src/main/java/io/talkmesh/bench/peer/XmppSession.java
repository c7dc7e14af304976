package io.talkmesh.bench.peer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A minimal XMPP client session over plain TCP on loopback (RFC 6120 stream, SASL PLAIN, resource binding, XEP-0045
 * groupchat), written for the bench rather than taken from Smack: Smack 4.4's {@code XMPPTCPConnection} runs a reader
 * and a writer thread per connection and parses every stanza into objects, which for 1,000 sessions on a 2-core box
 * would make the load generator, not ejabberd, the bottleneck. This session finds what it waits for (features,
 * {@code <success}, the bind result, the self-presence of a join) and the {@code <body>} of each groupchat message
 * with substring searches, like the bench's WebSocket client finds its stamps. The bench writes only ASCII bodies
 * without markup characters, so no XML escaping is needed.
 */
final class XmppSession {
  /** Receives the text of every {@code <body>} this session gets, on its event loop. */
  interface BodyHandler {
    void body(String text, long receivedNanos);
  }

  private static final String STREAM = "<?xml version='1.0'?><stream:stream to='" + PeerServer.DOMAIN
      + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
  private static final int KEEP = 64;

  private final NetSocket socket;
  private final StringBuilder in = new StringBuilder();
  private volatile BodyHandler bodies = (t, n) -> { };
  private String awaited;
  private Promise<Void> waiter;

  private XmppSession(NetSocket socket) {
    this.socket = socket;
    socket.handler(this::received);
    socket.closeHandler(v -> {
      synchronized (this) {
        if (waiter == null) {
          return;
        }
        Promise<Void> w = waiter;
        waiter = null;
        w.tryFail("connection closed while waiting for " + awaited);
      }
    });
  }

  /** Connects, authenticates {@code user} (password = user name) with SASL PLAIN and binds a resource. */
  static Future<XmppSession> login(NetClient client, String user) {
    return client.connect(PeerServer.C2S_PORT, "127.0.0.1").compose(socket -> {
      XmppSession s = new XmppSession(socket);
      String auth = Base64.getEncoder().encodeToString(("\0" + user + "\0" + user).getBytes(StandardCharsets.UTF_8));
      return s.exchange(STREAM, "</stream:features>")
          .compose(v -> s.exchange("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + auth + "</auth>",
              "<success"))
          .compose(v -> s.exchange(STREAM, "</stream:features>"))
          .compose(v -> s.exchange("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bench"
              + "</resource></bind></iq>", "</jid>"))
          .map(s)
          .onFailure(e -> socket.close());
    });
  }

  /** Joins a MUC room without history; completes on the self-presence (status 110), after every occupant's presence. */
  Future<Void> join(String room, String nick) {
    return exchange("<presence to='" + room + "@" + PeerServer.MUC + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'>"
        + "<history maxstanzas='0'/></x></presence>", "code='110'");
  }

  /** Sends a groupchat message into a room. */
  Future<Void> send(String room, String body) {
    return socket.write("<message to='" + room + "@" + PeerServer.MUC + "' type='groupchat'><body>" + body
        + "</body></message>");
  }

  void onBody(BodyHandler handler) {
    this.bodies = handler;
  }

  Future<Void> close() {
    return socket.write("</stream:stream>").eventually(() -> socket.close());
  }

  private Future<Void> exchange(String out, String expect) {
    Promise<Void> p = Promise.promise();
    synchronized (this) {
      awaited = expect;
      waiter = p;
    }
    socket.write(out).onFailure(p::tryFail);
    return p.future();
  }

  private synchronized void received(Buffer chunk) {
    long now = System.nanoTime();
    in.append(chunk.toString(StandardCharsets.ISO_8859_1));
    check();
    int pos = 0;
    while (true) {
      int open = in.indexOf("<body", pos);
      if (open < 0) {
        break;
      }
      int gt = in.indexOf(">", open);
      int close = gt < 0 ? -1 : in.indexOf("</body>", gt);
      if (close < 0) {
        pos = open;
        in.delete(0, pos);
        return;
      }
      bodies.body(in.substring(gt + 1, close), now);
      pos = close + 7;
    }
    // drop what was processed (a body must never be seen twice), keep a short tail for a token split across chunks
    in.delete(0, pos);
    if (in.length() > KEEP) {
      in.delete(0, in.length() - KEEP);
    }
  }

  private synchronized void check() {
    if (waiter == null) {
      return;
    }
    int at = in.indexOf(awaited);
    if (at >= 0) {
      in.delete(0, at + awaited.length());
      Promise<Void> w = waiter;
      waiter = null;
      w.complete();
    } else if (in.indexOf("<failure") >= 0 || in.indexOf("type='error'") >= 0 || in.indexOf("<stream:error") >= 0) {
      String text = in.length() > 400 ? in.substring(0, 400) : in.toString();
      Promise<Void> w = waiter;
      waiter = null;
      w.fail("XMPP error while waiting for " + awaited + ": " + text);
    }
  }
}

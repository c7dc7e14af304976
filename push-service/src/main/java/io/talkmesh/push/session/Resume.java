package io.talkmesh.push.session;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.event.LoggedEvent;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.ResumeFrames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a session up to date in one chat: fetches the events after the client's last seq from talk-manager's event
 * log, a page at a time (the next page once the previous one is written to the socket, so a long backlog never
 * floods the outbound buffer), sends them in order, then the live events held meanwhile, then "resumed". The log
 * holds every committed event, so whatever was published before the session's binding was in place is in it; should
 * a held live event still be ahead of the page read (a talk-manager older than that), it fetches again shortly, so
 * the client never sees a hole. A purged log (past the retention
 * window) or a chat the agent may no longer read ends in a "reset" frame: reload that chat through the REST API.
 */
public final class Resume {
  private static final Logger LOG = LoggerFactory.getLogger(Resume.class);
  static final int PAGE = 200;
  private static final long RETRY_MS = 50;
  private static final int MAX_RETRIES = 100;

  /** talk-manager's {@code GET /v1/chats/{id}/events?after_seq=&limit=}. */
  public interface EventLog {
    Future<EventPage> after(Actor actor, UUID chatId, long afterSeq, int limit);
  }

  private final Vertx vertx;
  private final EventLog log;

  public Resume(Vertx vertx, EventLog log) {
    this.vertx = vertx;
    this.log = log;
  }

  private long requests;

  /**
   * Catches the cursor's chat up; the cursor holds live events until then. Completes when this catch-up is over
   * (resumed, reset, the session closed or the chat resumed anew), which frees the session's catch-up slot.
   */
  public Future<Void> catchUp(Session session, ChatCursor<Session.Live> cursor) {
    if (!cursor.internal()) {
      requests++;
    }
    Promise<Void> done = Promise.promise();
    fetch(session, cursor, 0, done);
    return done.future();
  }

  /** Chats whose catch-up was requested so far (a resumed subscribe counts once per chat). */
  public long requests() {
    return requests;
  }

  private void fetch(Session session, ChatCursor<Session.Live> cursor, int retries, Promise<Void> done) {
    if (!current(session, cursor)) {
      done.tryComplete();
      return;
    }
    log.after(session.actor(), cursor.chatId(), cursor.last(), PAGE).onComplete(ar -> {
      if (!current(session, cursor)) {
        done.tryComplete();
        return;
      }
      if (ar.failed()) {
        failed(session, cursor, ar.cause(), retries, done);
        return;
      }
      EventPage page = ar.result();
      if (page.reset()) {
        reset(session, cursor, ResumeFrames.REASON_EVENTS_PURGED,
            "the events after seq " + cursor.last() + " are past the retention window; reload this chat");
        done.tryComplete();
        return;
      }
      Future<Void> written = Future.succeededFuture();
      for (LoggedEvent event : page.events()) {
        if (event.seq() > cursor.last()) {
          written = session.emit(cursor, event.seq(), event.type(), event.data(), session.frame(event));
        }
        if (!current(session, cursor)) {
          done.tryComplete();
          return;
        }
      }
      if (hasMore(page)) {
        written.onComplete(w -> fetch(session, cursor, 0, done));
      } else if (cursor.joinsLive()) {
        long seq = cursor.last();
        session.goLive(cursor);
        if (!cursor.internal()) {
          session.send(ResumeFrames.resumed(cursor.chatId(), seq));
        }
        done.tryComplete();
      } else if (retries < MAX_RETRIES) {
        vertx.setTimer(RETRY_MS, t -> fetch(session, cursor, retries + 1, done));
      } else {
        LOG.warn("resume of chat {} for agent {}: the event log stays behind the live stream", cursor.chatId(),
            session.actor().ownerId());
        session.close(ResumeFrames.CLOSE_TRY_AGAIN, ResumeFrames.CLOSE_TRY_AGAIN_REASON);
        done.tryComplete();
      }
    });
  }

  /**
   * Whether the log holds events after this page: its {@code has_more} when the page carries one (a page bounded in
   * bytes may hold fewer events than the limit and still have more), else a full page (older talk-managers).
   */
  static boolean hasMore(EventPage page) {
    if (page.hasMore() != null) {
      return page.hasMore() && !page.events().isEmpty();
    }
    return page.events().size() >= PAGE;
  }

  private void failed(Session session, ChatCursor<Session.Live> cursor, Throwable err, int retries,
                      Promise<Void> done) {
    if (err instanceof TalkException t && (t.status() == Status.NOT_FOUND || t.status() == Status.PERMISSION_DENIED
        || t.status() == Status.INVALID_ARGUMENT)) {
      reset(session, cursor, t.reason(), t.getMessage());
      done.tryComplete();
    } else if (retries < 3) {
      vertx.setTimer(RETRY_MS * 4, id -> fetch(session, cursor, retries + 1, done));
    } else {
      LOG.warn("resume of chat {} for agent {} failed: {}", cursor.chatId(), session.actor().ownerId(), err.toString());
      session.close(ResumeFrames.CLOSE_TRY_AGAIN, ResumeFrames.CLOSE_TRY_AGAIN_REASON);
      done.tryComplete();
    }
  }

  /**
   * The client reloads the chat through REST; live events of it continue from here without a seq check (the
   * reload gives the client a new base).
   */
  private static void reset(Session session, ChatCursor<Session.Live> cursor, String reason, String message) {
    session.forgetCursor(cursor.chatId());
    session.send(ResumeFrames.reset(cursor.chatId(), reason, message));
  }

  private static boolean current(Session session, ChatCursor<Session.Live> cursor) {
    return session.isOpen() && session.cursor(cursor.chatId()) == cursor;
  }
}

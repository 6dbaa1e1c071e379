// Holding a call in flight until the test lets it go: the test, not the machine's speed, decides how long a write or
// read is under way while something else happens (a fixed "slow" delay can be outrun by a loaded CI machine).
import { CancelledFailure, Context } from '@temporalio/activity';

export interface Hold {
  /** Whether a held call has begun (and is waiting). */
  entered: () => boolean;
  /** Resolves once a held call has begun. */
  whenEntered: Promise<void>;
  /** Lets the held call go on; calls from then on pass straight through. */
  release: () => void;
}

/**
 * Wraps `real` (an activity, or a call made inside one) so that its calls can be held: from `hold()` until the
 * hold's `release()`, every call waits, heartbeating meanwhile so that it is not taken for a dead worker. Should an
 * attempt still time out on a loaded machine, its retry is held as well (the hold lasts until released, whichever
 * attempt is in it), and the attempt the server gave up on ends instead of going on beside the newer one.
 */
export function holdable<A extends unknown[], R>(real: (...args: A) => Promise<R>): { call: (...args: A) => Promise<R>; hold: () => Hold } {
  let current: { enter: () => void; released: Promise<void>; isReleased: () => boolean; latestAttempt: number } | undefined;
  return {
    call: async (...args: A): Promise<R> => {
      const hold = current;
      if (hold && !hold.isReleased()) {
        const context = Context.current();
        const attempt = context.info.attempt;
        hold.latestAttempt = Math.max(hold.latestAttempt, attempt);
        hold.enter();
        while (!hold.isReleased()) {
          context.heartbeat();
          let timer: NodeJS.Timeout | undefined;
          // A cancelled attempt (timed out, or the worker shutting down after a failed test) ends instead of waiting on.
          await Promise.race([hold.released, context.cancelled, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]).finally(() => clearTimeout(timer));
        }
        if (attempt < hold.latestAttempt) throw new CancelledFailure(`attempt ${attempt} was superseded by attempt ${hold.latestAttempt} while held`);
      }
      return real(...args);
    },
    hold() {
      let entered = false;
      let released = false;
      let markEntered!: () => void;
      let release!: () => void;
      const whenEntered = new Promise<void>((resolve) => (markEntered = resolve));
      const releasedPromise = new Promise<void>((resolve) => (release = resolve));
      current = {
        enter: () => {
          entered = true;
          markEntered();
        },
        released: releasedPromise,
        isReleased: () => released,
        latestAttempt: 0,
      };
      return {
        entered: () => entered,
        whenEntered,
        release: () => {
          released = true;
          release();
        },
      };
    },
  };
}

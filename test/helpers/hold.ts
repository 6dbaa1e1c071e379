// Holding a call in flight until the test lets it go: the test, not the machine's speed, decides how long a write or
// read is under way while something else happens (a fixed "slow" delay can be outrun by a loaded CI machine).
import { Context } from '@temporalio/activity';

export interface Hold {
  /** Whether the held call has begun (and is waiting). */
  entered: () => boolean;
  /** Resolves once the held call has begun. */
  whenEntered: Promise<void>;
  /** Lets the held call go on. */
  release: () => void;
}

/**
 * Wraps `real` (an activity, or a call made inside one) so that its next call can be held: `holdNext()` arms the hold,
 * the next call waits until released, heartbeating meanwhile so that the hold is never taken for a dead worker. Later
 * calls pass straight through.
 */
export function holdable<A extends unknown[], R>(real: (...args: A) => Promise<R>): { call: (...args: A) => Promise<R>; holdNext: () => Hold } {
  let next: { enter: () => void; released: Promise<void> } | undefined;
  return {
    call: async (...args: A): Promise<R> => {
      const hold = next;
      next = undefined;
      if (hold) {
        hold.enter();
        let released = false;
        void hold.released.then(() => (released = true));
        while (!released) {
          Context.current().heartbeat();
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([hold.released, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
          clearTimeout(timer);
        }
      }
      return real(...args);
    },
    holdNext() {
      let entered = false;
      let markEntered!: () => void;
      let release!: () => void;
      const whenEntered = new Promise<void>((resolve) => (markEntered = resolve));
      next = {
        enter: () => {
          entered = true;
          markEntered();
        },
        released: new Promise<void>((resolve) => (release = resolve)),
      };
      return { entered: () => entered, whenEntered, release: () => release() };
    },
  };
}

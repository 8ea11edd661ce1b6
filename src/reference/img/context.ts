import type { ImgRateLimiter } from './rate-limit.ts';
import type { ImageStore } from './store.ts';

/** The state one IMG server instance shares between its handlers. */
export interface ImgContext {
  readonly store: ImageStore;
  readonly faults: ReadonlySet<string>;
  /** The server's own origin, for CDN URLs and pagination links. */
  readonly origin: () => string;
  readonly rateLimiter: ImgRateLimiter;
  /** Counts uploads, so uploaded ids are deterministic for one server run. */
  uploads: number;
}

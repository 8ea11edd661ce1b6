import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrimeFaults } from './faults.ts';
import type { ImageStore } from './image-store.ts';
import type { PrimeUser } from './principals.ts';
import type { RouteMatch } from './routes.ts';

/** The state one Prime server keeps: its images and its switched-on faults. */
export interface PrimeState {
  readonly store: ImageStore;
  readonly faults: PrimeFaults;
}

/** An authenticated, admitted, routed request and what its response must carry. */
export interface PrimeExchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly user: PrimeUser;
  readonly match: RouteMatch;
  readonly query: URLSearchParams;
  /** The quota headers every response to this request carries. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Answers one operation. */
export type PrimeOperationHandler = (exchange: PrimeExchange, state: PrimeState) => void | Promise<void>;

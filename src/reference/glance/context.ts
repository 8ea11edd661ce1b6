import type { IncomingMessage } from 'node:http';
import { headerValue } from '../http.ts';

/** Who is calling, read from the trusted headers Glance's context middleware reads. */
export interface GlanceContext {
  /** The tenant (image owner); null when no project header came. */
  readonly project: string | null;
  readonly user: string | null;
  readonly roles: ReadonlySet<string>;
  readonly isAdmin: boolean;
  /** Zed secure RBAC: reads need `reader` (or admin). */
  readonly canRead: boolean;
  /** Zed secure RBAC: writes need `member` (or admin). */
  readonly canWrite: boolean;
}

/** True when the request carries `X-Identity-Status: Confirmed` (what keystonemiddleware would set). */
export function isConfirmed(request: IncomingMessage): boolean {
  return headerValue(request, 'x-identity-status')?.trim().toLowerCase() === 'confirmed';
}

/** Builds the caller's context; `X-Project-Id`, then `X-Tenant-Id`, then `X-Tenant` name the tenant. */
export function readContext(request: IncomingMessage): GlanceContext {
  const project =
    nonEmpty(headerValue(request, 'x-project-id')) ??
    nonEmpty(headerValue(request, 'x-tenant-id')) ??
    nonEmpty(headerValue(request, 'x-tenant')) ??
    null;
  const roles = new Set(
    (headerValue(request, 'x-roles') ?? '')
      .split(',')
      .map((role) => role.trim().toLowerCase())
      .filter((role) => role !== ''),
  );
  const isAdmin = roles.has('admin');
  return {
    project,
    user: nonEmpty(headerValue(request, 'x-user-id')) ?? null,
    roles,
    isAdmin,
    canRead: isAdmin || roles.has('reader'),
    canWrite: isAdmin || roles.has('member'),
  };
}

/** The context an unauthenticated request gets when the auth check is faulted away. */
export const ANONYMOUS_READER: GlanceContext = {
  project: null,
  user: null,
  roles: new Set(['reader']),
  isAdmin: false,
  canRead: true,
  canWrite: false,
};

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

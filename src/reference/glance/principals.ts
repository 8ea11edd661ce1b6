/**
 * The principals conform uses against Glance, as the trusted headers Glance's context middleware
 * reads. The same map drives this reference server and a real Glance behind no Keystone.
 */

/** One identity: the request headers that make a request act as it. */
export interface GlancePrincipal {
  readonly headers: Readonly<Record<string, string>>;
}

/** The default owner / other tenant / cloud admin triple. */
export const glanceDefaultPrincipals: Readonly<Record<'owner' | 'other' | 'admin', GlancePrincipal>> = {
  owner: {
    headers: {
      'X-Identity-Status': 'Confirmed',
      'X-Project-Id': 'tenant-a',
      'X-User-Id': 'user-a',
      'X-Roles': 'reader,member',
    },
  },
  other: {
    headers: {
      'X-Identity-Status': 'Confirmed',
      'X-Project-Id': 'tenant-b',
      'X-User-Id': 'user-b',
      'X-Roles': 'reader,member',
    },
  },
  admin: {
    headers: {
      'X-Identity-Status': 'Confirmed',
      'X-Project-Id': 'admin-project',
      'X-User-Id': 'admin-user',
      'X-Roles': 'admin',
    },
  },
};

import { randomUUID } from 'node:crypto';
import type { Principal } from '../../src/principals.ts';
import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import type { Exchange } from '../../src/transport/exchange.ts';
import { createOwnImage } from './own-image.ts';
import { imageFields, listedImageIds } from './image-bodies.ts';

/**
 * Image sharing as upstream Glance (Zed) does it, asserted with exact statuses in every run,
 * whatever the seed: the random visibility model reaches a duplicate add, an accept or a reject with
 * some seeds only. Each expectation was measured on a real glance-api (scripts/glance/).
 */
const LIFECYCLE: SemanticProperty = {
  checkId: 'sharing_rules',
  operationId: 'sharing',
  operationLabel: 'POST /images/{image_id}/members → PUT → DELETE (sharing lifecycle)',
};
const ACCESS: SemanticProperty = {
  checkId: 'sharing_rules',
  operationId: 'sharing',
  operationLabel: 'members and writes across projects (sharing access)',
};

/** The properties the Glance sharing suite reports. */
export const glanceSharingProperties: readonly SemanticProperty[] = [LIFECYCLE, ACCESS];

const LIFECYCLE_CLAUSE = 'Glance v2 image members: add (pending), accept/reject by the member, remove by the owner, and what each changes in the member\'s lists';
const ACCESS_CLAUSE = 'Glance v2 sharing policy: only shared images have members, only the member sets its status, other projects get 404 for what they cannot see and 403 for what they may see but not change';



const json = (method: string, path: string, body: unknown): SuiteRequest => ({ method, path, json: body });

/** The run's images, found under one tag so the lists stay on one page whatever else the target holds. */
class SharingScenario {
  readonly #session: SemanticSession;
  readonly tag = `conform-sharing-${randomUUID().slice(0, 8)}`;

  constructor(session: SemanticSession) {
    this.#session = session;
  }

  send(principal: Principal, request: SuiteRequest, operationId = 'sharing'): Promise<Exchange> {
    return this.#session.send(operationId, request, principal);
  }

  /** Creates an image as `owner`; resolves to its id and its owner's project, or why it could not. */
  async create(owner: Principal, visibility: string): Promise<{ id: string; project: string } | string> {
    const made = await createOwnImage(this.#session, owner, { name: `conform-sharing-${visibility}`, visibility, tags: [this.tag] });
    if (typeof made === 'string') return `'${owner.name}' could not create a ${visibility} image: ${made}`;
    // The image's owner is the creator's project: what a membership names.
    if (typeof made.item.owner !== 'string') return `'${owner.name}' created a ${visibility} image whose body names no owner`;
    return { id: made.id, project: made.item.owner };
  }

  /** What `viewer`'s list with `query` holds of this run's images. */
  async list(viewer: Principal, query: string): Promise<{ exchange: Exchange; ids: string[] }> {
    const exchange = await this.send(viewer, { method: 'GET', path: `/images?limit=1000&tag=${this.tag}${query ? `&${query}` : ''}` }, 'listImages');
    return { exchange, ids: (listedImageIds(exchange) ?? []) };
  }
}

/**
 * The sharing lifecycle and its access rules, between the `owner` and `other` principals (two
 * projects). `other` is the member of one image and an outsider to the others.
 */
export function glanceSharingPlan(): SemanticPlan {
  return {
    properties: glanceSharingProperties,
    async run(session) {
      const owner = session.principal('owner');
      const other = session.principal('other');
      if (!owner || !other) {
        const missing = ['owner', 'other'].filter((name) => !session.principal(name));
        for (const property of glanceSharingProperties) session.skip(property, `needs the principal${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(', ')} (add ${missing.length > 1 ? 'them' : 'it'} to the principals file)`);
        return;
      }
      const scenario = new SharingScenario(session);
      await session.property(LIFECYCLE, async () => {
        const expect = new Expectations(LIFECYCLE_CLAUSE);
        const shared = await scenario.create(owner, 'shared');
        if (typeof shared === 'string') return { skip: shared };
        const probe = await scenario.create(other, 'private');
        if (typeof probe === 'string') return { skip: probe };
        if (probe.project === shared.project) return { skip: "'owner' and 'other' act in the same project: sharing needs two" };
        const member = probe.project;
        const members = `/images/${shared.id}/members`;
        const self = `${members}/${encodeURIComponent(member)}`;

        const added = await scenario.send(owner, json('POST', members, { member }));
        if (expect.status(added, [200], `add:${added.response?.status}`, 'the owner adding a member')) {
          expect.that(imageFields(added).status === 'pending', 'add-not-pending', `a member just added has status ${JSON.stringify(imageFields(added).status)}, not "pending"`, added);
        }
        const again = await scenario.send(owner, json('POST', members, { member }));
        expect.status(again, [409], `duplicate-add:${again.response?.status}`, 'the owner adding the same member again');

        let listed = await scenario.list(other, '');
        expect.that(!listed.ids.includes(shared.id), 'pending-in-default-list', "a shared image the member has not accepted is in the member's default list", listed.exchange);
        listed = await scenario.list(other, 'visibility=shared&member_status=pending');
        expect.that(listed.ids.includes(shared.id), 'pending-not-listed', 'visibility=shared&member_status=pending does not list the pending shared image', listed.exchange);
        listed = await scenario.list(other, 'member_status=pending');
        expect.that(listed.ids.includes(shared.id), 'member-status-alone-not-listed', 'member_status=pending alone does not list the pending shared image', listed.exchange);

        const bogus = await scenario.send(other, json('PUT', self, { status: 'bogus' }));
        expect.status(bogus, [400], `bogus-status:${bogus.response?.status}`, 'the member setting status "bogus"');
        const empty = await scenario.send(other, json('PUT', self, {}));
        expect.status(empty, [400], `empty-status:${empty.response?.status}`, 'the member sending a status update without status');

        const accepted = await scenario.send(other, json('PUT', self, { status: 'accepted' }));
        if (expect.status(accepted, [200], `accept:${accepted.response?.status}`, 'the member accepting')) {
          expect.that(imageFields(accepted).status === 'accepted', 'accept-not-applied', `after accepting, the member's status is ${JSON.stringify(imageFields(accepted).status)}`, accepted);
        }
        listed = await scenario.list(other, '');
        expect.that(listed.ids.includes(shared.id), 'accepted-not-in-default-list', "an accepted shared image is missing from the member's default list", listed.exchange);
        listed = await scenario.list(other, 'visibility=shared');
        expect.that(listed.ids.includes(shared.id), 'accepted-not-in-shared-list', "an accepted shared image is missing from the member's visibility=shared list", listed.exchange);

        const rejected = await scenario.send(other, json('PUT', self, { status: 'rejected' }));
        expect.status(rejected, [200], `reject:${rejected.response?.status}`, 'the member rejecting');
        listed = await scenario.list(other, '');
        expect.that(!listed.ids.includes(shared.id), 'rejected-in-default-list', "a rejected shared image is still in the member's default list", listed.exchange);
        listed = await scenario.list(other, 'visibility=shared&member_status=rejected');
        expect.that(listed.ids.includes(shared.id), 'rejected-not-listed', 'visibility=shared&member_status=rejected does not list the rejected shared image', listed.exchange);
        const stillShown = await scenario.send(other, { method: 'GET', path: `/images/${shared.id}` }, 'showImage');
        expect.status(stillShown, [200], `rejected-show:${stillShown.response?.status}`, 'the member (rejected) showing the image by id');

        const removed = await scenario.send(owner, { method: 'DELETE', path: self });
        expect.status(removed, [204], `remove:${removed.response?.status}`, 'the owner removing the member');
        const gone = await scenario.send(other, { method: 'GET', path: `/images/${shared.id}` }, 'showImage');
        expect.status(gone, [404], `removed-member-show:${gone.response?.status}`, 'the former member showing the image by id');
        const goneMembers = await scenario.send(other, { method: 'GET', path: members });
        expect.status(goneMembers, [404], `removed-member-list:${goneMembers.response?.status}`, "the former member reading the image's member list");
        return expect.findings;
      });

      await session.property(ACCESS, async () => {
        const expect = new Expectations(ACCESS_CLAUSE);
        // One after another: the same requests in the same order in every run.
        const made: ({ id: string; project: string } | string)[] = [];
        for (const [creator, visibility] of [[owner, 'shared'], [owner, 'shared'], [owner, 'private'], [owner, 'community'], [other, 'private']] as const) made.push(await scenario.create(creator, visibility));
        const failed = made.find((item): item is string => typeof item === 'string');
        if (failed) return { skip: failed };
        const [withMember, withoutMember, privateImage, community, probe] = made as { id: string; project: string }[];
        if (!withMember || !withoutMember || !privateImage || !community || !probe) return { skip: 'could not create the images' };
        if (probe.project === withMember.project) return { skip: "'owner' and 'other' act in the same project: sharing needs two" };
        const member = probe.project;
        const memberPath = (id: string): string => `/images/${id}/members/${encodeURIComponent(member)}`;
        const added = await scenario.send(owner, json('POST', `/images/${withMember.id}/members`, { member }));
        if (!expect.status(added, [200], `add:${added.response?.status}`, 'the owner adding a member')) return expect.findings;

        const ownerSets = await scenario.send(owner, json('PUT', memberPath(withMember.id), { status: 'accepted' }));
        expect.status(ownerSets, [403], `owner-sets-status:${ownerSets.response?.status}`, "the owner setting its member's status");
        for (const [who, principal] of [['the owner', owner], ['the member', other]] as const) {
          const list = await scenario.send(principal, { method: 'GET', path: `/images/${withMember.id}/members` });
          expect.status(list, [200], `member-list:${principal.name}:${list.response?.status}`, `${who} reading the member list`);
          const one = await scenario.send(principal, { method: 'GET', path: memberPath(withMember.id) });
          expect.status(one, [200], `member-show:${principal.name}:${one.response?.status}`, `${who} reading the membership`);
        }
        const outsiderList = await scenario.send(other, { method: 'GET', path: `/images/${withoutMember.id}/members` });
        expect.status(outsiderList, [404], `outsider-member-list:${outsiderList.response?.status}`, "another project reading the member list of a shared image it is no member of");
        const outsiderOne = await scenario.send(other, { method: 'GET', path: memberPath(withoutMember.id) });
        expect.status(outsiderOne, [404], `outsider-member-show:${outsiderOne.response?.status}`, 'another project reading a membership of a shared image it is no member of');

        const toPrivate = await scenario.send(owner, json('POST', `/images/${privateImage.id}/members`, { member }));
        expect.status(toPrivate, [403], `member-on-private:${toPrivate.response?.status}`, 'the owner adding a member to a private image');
        const privateList = await scenario.send(owner, { method: 'GET', path: `/images/${privateImage.id}/members` });
        expect.status(privateList, [403], `members-of-private:${privateList.response?.status}`, 'the owner reading the member list of a private image');

        // Another project's writes: 404 where it cannot see the image, 403 where it can.
        const writes = (id: string): [string, SuiteRequest][] => [
          ['DELETE', { method: 'DELETE', path: `/images/${id}` }],
          ['deactivate', { method: 'POST', path: `/images/${id}/actions/deactivate` }],
          ['reactivate', { method: 'POST', path: `/images/${id}/actions/reactivate` }],
          ['member add', json('POST', `/images/${id}/members`, { member })],
        ];
        for (const [image, expected, what] of [
          [privateImage, 404, 'a private image of another project'],
          [community, 403, 'a community image of another project'],
          [withMember, 403, 'a shared image it is a member of'],
        ] as const) {
          for (const [action, request] of writes(image.id)) {
            const answer = await scenario.send(other, request);
            expect.status(answer, [expected], `cross-project:${action}:${image === privateImage ? 'private' : image === community ? 'community' : 'member'}:${answer.response?.status}`, `${action} of ${what}`);
          }
        }
        const removeOnInvisible = await scenario.send(other, { method: 'DELETE', path: memberPath(privateImage.id) });
        expect.status(removeOnInvisible, [404], `cross-project:member remove:private:${removeOnInvisible.response?.status}`, 'member remove on a private image of another project');
        const removeSelf = await scenario.send(other, { method: 'DELETE', path: memberPath(withMember.id) });
        expect.status(removeSelf, [403], `member-removes-self:${removeSelf.response?.status}`, 'the member removing itself');
        return expect.findings;
      });
    },
  };
}

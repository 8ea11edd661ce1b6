import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../../src/principals.ts';
import { Expectations } from '../../src/run/semantic/expectations.ts';
import type { SemanticPlan } from '../../src/run/semantic/semantic-plan.ts';
import type { ObservedDraft, SemanticProperty, SemanticSession, SuiteRequest } from '../../src/run/semantic/semantic-session.ts';
import { responseHeader, type Exchange } from '../../src/transport/exchange.ts';
import { createOwnImage, type OwnImage } from './own-image.ts';
import { imageFields, listedImageIds } from './image-bodies.ts';
import { principalOrSkip } from './plan-principal.ts';

/**
 * Upstream Glance's image data rules, in every run whatever the seed: what an upload needs (the
 * octet-stream type, both formats, a queued image: 415, 400, 409 otherwise), what it sets (active,
 * size, md5 checksum, sha512 multihash), what a download gives (the same bytes and their Content-MD5;
 * 204 before any upload; 404 to a project that cannot see the image), the formats frozen once there
 * is data (403), and how deactivate and reactivate (each repeatable, 204) block and restore the
 * download for the owner while the admin still reads it. Each verified on a real glance-api
 * (scripts/glance/), Zed.
 */
const DATA: SemanticProperty = { checkId: 'image_data', operationId: 'uploadImageData', operationLabel: 'PUT and GET /images/{image_id}/file (image data)' };
const STATES: SemanticProperty = { checkId: 'image_data', operationId: 'deactivateImage', operationLabel: 'deactivate and reactivate (image data access)' };
const SIZES: SemanticProperty = { checkId: 'list_filters', operationId: 'listImages', operationLabel: 'GET /images (size filters and sort)' };

/** The properties the Glance image-data suite reports. */
export const glanceImageDataProperties: readonly SemanticProperty[] = [DATA, STATES, SIZES];

const CLAUSE = 'Glance v2 image data (upstream Zed): upload, download, checksums and the states that allow them';
const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';
const OCTETS = 'application/octet-stream';

function upload(image: OwnImage, data: Uint8Array, contentType = OCTETS): SuiteRequest {
  return { method: 'PUT', path: `${image.url}/file`, headers: { 'content-type': contentType }, body: data };
}



export function glanceImageDataPlan(principalName = 'owner', otherName = 'other', adminName = 'admin'): SemanticPlan {
  return {
    properties: glanceImageDataProperties,
    async run(session) {
      const owner = principalOrSkip(session, principalName, glanceImageDataProperties);
      if (!owner) return;
      const tag = `conform-data-${randomUUID().slice(0, 8)}`;
      const image = await createOwnImage(session, owner, { name: `${tag}-image`, disk_format: 'raw', container_format: 'bare', tags: [tag] });
      const bare = await createOwnImage(session, owner, { name: `${tag}-no-formats`, tags: [tag] });
      if (typeof image === 'string' || typeof bare === 'string') {
        for (const item of glanceImageDataProperties) session.skip(item, `could not create the images: ${typeof image === 'string' ? image : String(bare)}`);
        return;
      }
      // Bytes of this run's own, so a server answering from elsewhere shows.
      const data = Buffer.from(`conform image data ${tag}`);
      let uploaded = false;
      await session.property(DATA, async () => {
        const found = await judgeUpload(session, owner, image, bare, data);
        uploaded = found.uploaded;
        const other = session.principal(otherName);
        if (other && uploaded) {
          const expect = new Expectations(CLAUSE);
          // The image is `shared` (the default) and `other` no member: it may not even know it exists.
          expect.status(await session.send('downloadImageData', { method: 'GET', path: `${image.url}/file` }, other), [404], 'outsider-download', `GET .../file of a shared image by a project that is no member`);
          found.findings.push(...expect.findings);
        }
        return found.findings;
      });
      await session.property(STATES, async () => {
        if (!uploaded) return { skip: 'the upload did not succeed, so there is no active image to deactivate' };
        return judgeStates(session, owner, session.principal(adminName), image, data);
      });
      await session.property(SIZES, async () => {
        if (!uploaded) return { skip: 'the upload did not succeed, so no image has a size' };
        return judgeSizes(session, owner, tag, image, bare, data.length);
      });
    },
  };
}

async function judgeUpload(session: SemanticSession, owner: Principal, image: OwnImage, bare: OwnImage, data: Buffer): Promise<{ findings: ObservedDraft[]; uploaded: boolean }> {
  const expect = new Expectations(CLAUSE);
  expect.status(await session.send('uploadImageData', upload(image, data, 'application/json'), owner), [415], 'upload-wrong-type', 'PUT .../file with Content-Type application/json');
  expect.status(await session.send('uploadImageData', upload(bare, data), owner), [400], 'upload-without-formats', 'PUT .../file of an image without disk_format and container_format');
  expect.status(await session.send('downloadImageData', { method: 'GET', path: `${image.url}/file` }, owner), [204], 'download-before-upload', 'GET .../file of a queued image (no data yet)');
  const stored = await session.send('uploadImageData', upload(image, data), owner);
  if (!expect.status(stored, [204], 'upload-refused', 'PUT .../file of a queued image with both formats')) return { findings: expect.findings, uploaded: false };

  const shown = await session.send('showImage', { method: 'GET', path: image.url }, owner);
  const fields = imageFields(shown);
  const md5 = createHash('md5').update(data).digest('hex');
  const sha512 = createHash('sha512').update(data).digest('hex');
  const after = { status: fields.status, size: fields.size, checksum: fields.checksum, os_hash_algo: fields.os_hash_algo, os_hash_value: fields.os_hash_value };
  expect.that(after.status === 'active', 'upload-not-active', `after the upload (204) the image shows status ${JSON.stringify(after.status)}, expected "active"`, shown, after);
  expect.that(after.size === data.length, 'upload-size', `after uploading ${data.length} bytes the image shows size ${JSON.stringify(after.size)}`, shown, after);
  expect.that(after.checksum === md5, 'upload-checksum', `after the upload the image shows checksum ${JSON.stringify(after.checksum)}, expected the data's MD5 ${md5}`, shown, after);
  expect.that(after.os_hash_algo === 'sha512' && after.os_hash_value === sha512, 'upload-multihash', `after the upload the image shows os_hash_algo ${JSON.stringify(after.os_hash_algo)} and os_hash_value ${String(after.os_hash_value).slice(0, 16)}…, expected sha512 of the data`, shown, after);

  const read = await session.send('downloadImageData', { method: 'GET', path: `${image.url}/file` }, owner);
  if (expect.status(read, [200], 'download-refused', 'GET .../file of an active image')) {
    const body = read.response?.body ?? Buffer.alloc(0);
    expect.that(body.equals(data), 'download-bytes', `GET .../file gave ${body.length} bytes that are not the ${data.length} uploaded`, read, { bytes: body.length });
    const digest = read.response ? responseHeader(read.response, 'content-md5') : undefined;
    expect.that(digest === md5, 'download-content-md5', `GET .../file answered Content-MD5 ${JSON.stringify(digest)}, expected ${md5}`, read, { contentMd5: digest });
  }
  expect.status(await session.send('uploadImageData', upload(image, Buffer.from('conform second upload')), owner), [409], 'second-upload', 'a second PUT .../file of an active image');
  for (const attribute of ['disk_format', 'container_format']) {
    const patch: SuiteRequest = { method: 'PATCH', path: image.url, headers: { 'content-type': PATCH_TYPE }, body: JSON.stringify([{ op: 'replace', path: `/${attribute}`, value: attribute === 'disk_format' ? 'qcow2' : 'ovf' }]) };
    expect.status(await session.send('updateImage', patch, owner), [403], `format-change-when-active:${attribute}`, `PATCH replace /${attribute} of an active image`);
  }
  return { findings: expect.findings, uploaded: true };
}

async function judgeStates(session: SemanticSession, owner: Principal, admin: Principal | undefined, image: OwnImage, data: Buffer): Promise<ObservedDraft[]> {
  const expect = new Expectations(CLAUSE);
  const action = (name: 'deactivate' | 'reactivate'): Promise<Exchange> => session.send(`${name}Image`, { method: 'POST', path: `${image.url}/actions/${name}` }, owner);
  const download = (who: Principal): Promise<Exchange> => session.send('downloadImageData', { method: 'GET', path: `${image.url}/file` }, who);
  expect.status(await action('deactivate'), [204], 'deactivate', 'deactivate of an active image');
  expect.status(await action('deactivate'), [204], 'deactivate-again', 'a second deactivate (deactivated stays deactivated)');
  expect.status(await download(owner), [403], 'deactivated-download', "the owner's GET .../file of a deactivated image");
  if (admin) {
    const read = await download(admin);
    if (expect.status(read, [200], 'deactivated-admin-download', "the admin's GET .../file of a deactivated image")) {
      expect.that((read.response?.body ?? Buffer.alloc(0)).equals(data), 'deactivated-admin-bytes', "the admin's download of a deactivated image gave other bytes than the uploaded", read);
    }
  }
  expect.status(await action('reactivate'), [204], 'reactivate', 'reactivate of a deactivated image');
  expect.status(await action('reactivate'), [204], 'reactivate-again', 'a second reactivate (active stays active)');
  const back = await download(owner);
  if (expect.status(back, [200], 'reactivated-download', "the owner's GET .../file after reactivate")) {
    expect.that((back.response?.body ?? Buffer.alloc(0)).equals(data), 'reactivated-bytes', 'the download after reactivate gave other bytes than the uploaded', back);
  }
  return expect.findings;
}

async function judgeSizes(session: SemanticSession, owner: Principal, tag: string, image: OwnImage, bare: OwnImage, size: number): Promise<ObservedDraft[]> {
  const expect = new Expectations('Glance v2 list filters (upstream Zed): size_min and size_max are inclusive; an image without data has no size; sort by size puts it first ascending');
  const cases: { readonly query: readonly [string, string]; readonly expected: readonly string[] }[] = [
    { query: ['size_min', String(size)], expected: [image.id] },
    { query: ['size_min', String(size + 1)], expected: [] },
    { query: ['size_max', String(size)], expected: [image.id] },
    { query: ['size_max', String(size - 1)], expected: [] },
  ];
  for (const { query, expected } of cases) {
    const answer = await session.send('listImages', { method: 'GET', path: '/images', query: [['tag', tag], query] }, owner);
    if (!expect.status(answer, [200], `size-status:${query[0]}`, `GET /images?tag=${tag}&${query.join('=')}`)) continue;
    const listed = (listedImageIds(answer) ?? []);
    expect.that(JSON.stringify(listed) === JSON.stringify(expected), `size-filter:${query[0]}`, `GET /images?tag=${tag}&${query.join('=')} listed ${listed.length} image(s), expected ${expected.length === 0 ? 'none' : 'only the uploaded one'}`, answer, { listed, expected });
  }
  const sorted = await session.send('listImages', { method: 'GET', path: '/images', query: [['tag', tag], ['sort', 'size:asc']] }, owner);
  if (expect.status(sorted, [200], 'size-sort-status', `GET /images?tag=${tag}&sort=size:asc`)) {
    const listed = (listedImageIds(sorted) ?? []);
    expect.that(JSON.stringify(listed) === JSON.stringify([bare.id, image.id]), 'size-sort', `GET /images?tag=${tag}&sort=size:asc listed the image with data ${listed[0] === image.id ? 'first' : 'out of place'}; expected the image without data (no size) first`, sorted, { listed });
  }
  return expect.findings;
}

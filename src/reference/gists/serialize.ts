import type { Gist } from './store.ts';
import { GISTS_USERS, simpleUser } from './users.ts';

function filesOf(gist: Gist, origin: string, withContent: boolean): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const file of gist.files.values()) {
    files[file.filename] = {
      filename: file.filename,
      type: 'text/plain',
      language: 'Text',
      raw_url: `${origin}/raw/${gist.id}/${encodeURIComponent(file.filename)}`,
      size: Buffer.byteLength(file.content),
      ...(withContent ? { truncated: false, content: file.content, encoding: 'utf-8' } : {}),
    };
  }
  return files;
}

/** A gist as GitHub's `base-gist` (lists) or `gist-simple` (one gist, with file contents) has it. */
export function gistJson(gist: Gist, origin: string, shape: 'base' | 'simple'): Record<string, unknown> {
  const owner = GISTS_USERS.find((user) => user.id === gist.ownerId);
  const url = `${origin}/gists/${gist.id}`;
  return {
    url,
    forks_url: `${url}/forks`,
    commits_url: `${url}/commits`,
    id: gist.id,
    node_id: Buffer.from(`08:Gist${gist.id}`).toString('base64'),
    git_pull_url: `${origin}/${gist.id}.git`,
    git_push_url: `${origin}/${gist.id}.git`,
    html_url: `${origin}/${owner?.login ?? 'ghost'}/${gist.id}`,
    files: filesOf(gist, origin, shape === 'simple'),
    public: gist.public,
    created_at: gist.createdAt,
    updated_at: gist.updatedAt,
    description: gist.description,
    comments: 0,
    comments_enabled: true,
    user: null,
    comments_url: `${url}/comments`,
    ...(owner ? { owner: simpleUser(owner, origin) } : {}),
    truncated: false,
  };
}

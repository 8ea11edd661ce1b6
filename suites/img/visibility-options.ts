import type { VisibilitySuiteOptions } from '../../src/vitest/visibility-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { documentVisibilityDefinition, type DeclaredVisibilityModel } from '../../src/run/semantic/declared-visibility.ts';
import { imgApi } from './api.ts';

/**
 * IMG's visibility suites: the generic engine on the image resource its x-conform declares (publish and
 * unpublish as actions; the CDN URL as the state's public link; ownerTest kept apart when given), no
 * code of its own.
 */
export const imgVisibility = documentVisibilityDefinition({ api: 'img', label: 'IMG' });

/** What IMG's two visibility suite files share. */
export const imgVisibilityOptions: VisibilitySuiteOptions<DeclaredVisibilityModel> = {
  ...suiteDefaults(imgApi),
  definition: imgVisibility,
};

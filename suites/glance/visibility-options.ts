import type { VisibilitySuiteOptions } from '../../src/vitest/visibility-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';
import { glanceVisibility, type GlanceVisibilityModel } from './visibility-model.ts';

/** What Glance's two visibility suite files share. */
export const glanceVisibilityOptions: VisibilitySuiteOptions<GlanceVisibilityModel> = { ...suiteDefaults(glanceApi), definition: glanceVisibility };

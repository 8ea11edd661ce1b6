import type { VisibilitySuiteOptions } from '../../src/vitest/visibility-suite.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';
import { glanceVisibility, type GlanceVisibilityModel } from './visibility-model.ts';

/** What Glance's two visibility suite files share. */
export const glanceVisibilityOptions: VisibilitySuiteOptions<GlanceVisibilityModel> = { ...glanceSuiteDefaults, definition: glanceVisibility };

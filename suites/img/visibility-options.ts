import type { VisibilitySuiteOptions } from '../../src/vitest/visibility-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { imgApi } from './api.ts';
import { imgVisibility, type ImgVisibilityModel } from './visibility-model.ts';

/** What IMG's two visibility suite files share. */
export const imgVisibilityOptions: VisibilitySuiteOptions<ImgVisibilityModel> = {
  ...suiteDefaults(imgApi),
  definition: imgVisibility,
};

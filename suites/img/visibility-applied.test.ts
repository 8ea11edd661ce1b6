import { visibilitySuite } from '../../src/run/semantic/visibility-suite.ts';
import { imgVisibilityOptions } from './visibility-options.ts';

visibilitySuite(imgVisibilityOptions, 'visibility_applied');

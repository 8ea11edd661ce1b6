import { visibilitySuite } from '../../src/run/semantic/visibility-suite.ts';
import { glanceSuiteDefaults } from './suite-defaults.ts';
import { glanceVisibility } from './visibility-model.ts';

visibilitySuite({ ...glanceSuiteDefaults, definition: glanceVisibility });

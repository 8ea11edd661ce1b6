import { contractSuite } from '../../src/vitest/contract-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { glanceApi } from './api.ts';

await contractSuite({ ...suiteDefaults(glanceApi, { seedData: 3 }), ...glanceApi.contractOptions });

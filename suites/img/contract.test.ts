import { contractSuite } from '../../src/vitest/contract-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { imgApi } from './api.ts';

await contractSuite({ ...suiteDefaults(imgApi), ...imgApi.contractOptions });

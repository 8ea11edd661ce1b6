import { contractSuite } from '../../src/vitest/contract-suite.ts';
import { suiteDefaults } from '../../src/vitest/api-definition.ts';
import { primeApi } from './api.ts';

await contractSuite({ ...suiteDefaults(primeApi), ...primeApi.contractOptions });

import { describeIndexStoreContract } from '../../test/helpers/index-store-contract.js';

// LanceDB only here; test/e2e/index-store-contract-servers.test.ts runs the same suite on PostgreSQL and PGlite.
describeIndexStoreContract(['lancedb']);

import { describeIndexStoreContract } from '../../test/helpers/index-store-contract.js';

// LanceDB here, in process and as `knowhow serve` writes it (from a child process);
// test/e2e/index-store-contract-servers.test.ts runs the same suite on PostgreSQL and PGlite.
describeIndexStoreContract(['lancedb', 'lancedb-writer-process']);

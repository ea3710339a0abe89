import { describeIndexStoreContract } from '../helpers/index-store-contract.js';
import { availableEngines } from '../helpers/index-stores.js';

// The server engines' half of src/index/index-store.contract.test.ts (LanceDB runs there).
describeIndexStoreContract(availableEngines(['postgres', 'pglite']));

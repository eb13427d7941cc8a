import { runtimeSuite } from './suite';

runtimeSuite('bun');

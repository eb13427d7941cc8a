import { runtimeSuite } from './suite';

runtimeSuite('node');

import { runtimeSuite } from './suite';

runtimeSuite('workerd');

export { createGateway, type GatewayOptions, type RangewayGateway } from './gateway';
export { startGateway, type RunningGateway, type StartOptions } from './node-server';
export { nodeHashers } from './node-hashers';
export { openStorage } from './storage';
export { loadConfig, configSchema, ConfigError, type GatewayConfig, type GatewayConfigInput } from './config/config';
export { VERSION } from './version';

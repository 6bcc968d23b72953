export { loadConfig, parseServices, SERVICES, type ServerConfig, type ConfigOverrides, type Service } from './config.js';

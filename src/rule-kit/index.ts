/** Everything a rule may import besides src/types.ts. */
export * from './ast.js';
export * from './files.js';
export * from './secrets.js';
export * from './text.js';
export * from './define.js';
export * from './packages.js';
export * from './commands.js';
export * from './dockerfile.js';
export * from './process-commands.js';
export * from './manifests.js';
export * from './modules.js';
export * from './servers.js';
export * from './runtime.js';
export * from './process-events.js';
export * from './repo-files.js';
export * from './data-paths.js';
export * from './service-kinds.js';

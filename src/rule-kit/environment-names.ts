/** The names deploys go by, as code compares them (`NODE_ENV === 'production'`) or keys config by them. */
export const ENVIRONMENT_NAMES: ReadonlySet<string> = new Set([
  'production', 'prod', 'staging', 'stage', 'stg', 'development', 'dev', 'develop', 'test', 'testing', 'qa', 'uat', 'preprod', 'local', 'sandbox', 'demo', 'ci',
]);

/** Environments that are deployed: grouping their config is what the config factor warns about. */
export const DEPLOYED_ENVIRONMENTS: ReadonlySet<string> = new Set(['production', 'prod', 'staging', 'stage', 'stg', 'qa', 'uat', 'preprod']);

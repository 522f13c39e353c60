/**
 * What kind of backing service a name stands for, whether the name is an npm client package
 * (`pg`, `ioredis`, `bullmq`) or a driver id an ORM is configured with (knex `client: 'postgresql'`,
 * Sequelize `dialect: 'mysql'`, TypeORM `type: 'better-sqlite3'`, cache-manager `store: 'memory'`).
 * Two names of one kind are the same service to an operator: `pg` and `postgresql` are both PostgreSQL.
 */

export interface ServiceKind {
  /** Human name: `PostgreSQL`, `SQLite`, `Redis`, `in-memory store`. */
  label: string;
  /** Runs inside the process or on local disk, with no server to attach. */
  embedded: boolean;
}

const KINDS: Readonly<Record<string, ServiceKind>> = {
  postgresql: { label: 'PostgreSQL', embedded: false },
  mysql: { label: 'MySQL/MariaDB', embedded: false },
  mssql: { label: 'SQL Server', embedded: false },
  oracle: { label: 'Oracle', embedded: false },
  cockroachdb: { label: 'CockroachDB', embedded: false },
  mongodb: { label: 'MongoDB', embedded: false },
  redis: { label: 'Redis', embedded: false },
  memcached: { label: 'Memcached', embedded: false },
  rabbitmq: { label: 'an AMQP broker (RabbitMQ)', embedded: false },
  kafka: { label: 'Kafka', embedded: false },
  nats: { label: 'NATS', embedded: false },
  mqtt: { label: 'an MQTT broker', embedded: false },
  stomp: { label: 'a STOMP broker', embedded: false },
  elasticsearch: { label: 'Elasticsearch/OpenSearch', embedded: false },
  cassandra: { label: 'Cassandra', embedded: false },
  couchbase: { label: 'Couchbase', embedded: false },
  couchdb: { label: 'CouchDB', embedded: false },
  neo4j: { label: 'Neo4j', embedded: false },
  sqlite: { label: 'SQLite', embedded: true },
  memory: { label: 'an in-memory store', embedded: true },
};

const KIND_OF_NAME: Readonly<Record<string, keyof typeof KINDS>> = {
  pg: 'postgresql', postgres: 'postgresql', postgresql: 'postgresql', 'pg-native': 'postgresql', pgnative: 'postgresql',
  'pg-promise': 'postgresql', slonik: 'postgresql', 'aurora-postgres': 'postgresql', 'pg-boss': 'postgresql',
  'graphile-worker': 'postgresql',
  mysql: 'mysql', mysql2: 'mysql', mariadb: 'mysql', 'aurora-mysql': 'mysql',
  mssql: 'mssql', tedious: 'mssql',
  oracle: 'oracle', oracledb: 'oracle',
  cockroachdb: 'cockroachdb',
  mongodb: 'mongodb', mongoose: 'mongodb', agenda: 'mongodb',
  redis: 'redis', ioredis: 'redis', '@redis/client': 'redis', bull: 'redis', bullmq: 'redis', 'bee-queue': 'redis',
  memcached: 'memcached', memjs: 'memcached',
  amqplib: 'rabbitmq', 'amqp-connection-manager': 'rabbitmq', rhea: 'rabbitmq',
  kafkajs: 'kafka', 'node-rdkafka': 'kafka', '@confluentinc/kafka-javascript': 'kafka',
  nats: 'nats', mqtt: 'mqtt', stompit: 'stomp',
  '@elastic/elasticsearch': 'elasticsearch', elasticsearch: 'elasticsearch', '@opensearch-project/opensearch': 'elasticsearch',
  'cassandra-driver': 'cassandra', couchbase: 'couchbase', nano: 'couchdb', 'neo4j-driver': 'neo4j',
  sqlite: 'sqlite', sqlite3: 'sqlite', 'better-sqlite3': 'sqlite', sqljs: 'sqlite', 'sql.js': 'sqlite',
  memory: 'memory', 'in-memory': 'memory', inmemory: 'memory',
};

/** The kind of service `name` (a package or a driver id, any case) stands for; undefined when unknown. */
export function serviceKindOf(name: string): (ServiceKind & { id: string }) | undefined {
  const id = KIND_OF_NAME[name.toLowerCase()];
  const kind = id === undefined ? undefined : KINDS[id];
  return id === undefined || kind === undefined ? undefined : { id, ...kind };
}

/**
 * Well-known npm packages by what they are, shared by rules that ask "does this app use a
 * database / a web framework / a queue?". Names only; nothing is ever loaded.
 */

/**
 * Packages whose presence as a runtime dependency means the app serves requests. `hono` alone is
 * absent (it also runs on edge runtimes that bind no port) and so is `ws` (as often a client as a
 * server); static-site frameworks count only with their Node adapters.
 */
export const WEB_FRAMEWORKS = [
  'express', 'fastify', 'koa', '@hapi/hapi', 'hapi', '@nestjs/core', 'next', 'nuxt', '@remix-run/serve',
  '@remix-run/express', '@react-router/serve', 'restify', 'polka', '@hono/node-server', 'apollo-server',
  'apollo-server-express', '@apollo/server', 'socket.io', 'micro', 'sails', 'loopback', '@loopback/rest',
  '@adonisjs/core', 'strapi', '@strapi/strapi', '@feathersjs/feathers', '@sveltejs/adapter-node', '@astrojs/node',
] as const;

/** Queue and stream consumers: an app with one of these and no web framework consumes jobs. */
export const QUEUE_CONSUMERS = [
  'bull', 'bullmq', 'bee-queue', 'agenda', 'amqplib', 'amqp-connection-manager', 'kafkajs', 'sqs-consumer',
  '@aws-sdk/client-sqs', 'pg-boss', 'graphile-worker', 'node-resque',
] as const;

export const SQL_CLIENTS = [
  'pg', 'pg-promise', 'postgres', '@neondatabase/serverless', 'mysql', 'mysql2', 'mariadb', 'tedious', 'mssql', 'oracledb',
  'sequelize', 'knex', 'typeorm', '@prisma/client', 'prisma', 'drizzle-orm', 'kysely', 'objection', 'bookshelf',
  '@mikro-orm/core', 'slonik',
] as const;

export const EMBEDDED_STORES = [
  'sqlite3', 'better-sqlite3', 'sqlite', '@libsql/client', 'lowdb', 'nedb', '@seald-io/nedb', 'nedb-promises', 'level',
  'levelup', 'leveldown', 'classic-level', 'lokijs', 'node-json-db', 'json-server',
] as const;

export const DOCUMENT_STORES = ['mongodb', 'mongoose', 'cassandra-driver', 'couchbase', 'nano', '@elastic/elasticsearch', 'elasticsearch', '@opensearch-project/opensearch', 'neo4j-driver', '@google-cloud/firestore', '@aws-sdk/client-dynamodb'] as const;

export const CACHES = ['redis', 'ioredis', '@redis/client', 'memcached', 'memjs', '@upstash/redis'] as const;

export const QUEUES = [
  'amqplib', 'amqp-connection-manager', 'kafkajs', 'node-rdkafka', '@confluentinc/kafka-javascript', 'bull', 'bullmq',
  'bee-queue', 'agenda', 'nats', 'mqtt', '@aws-sdk/client-sqs', 'sqs-consumer', '@google-cloud/pubsub', 'rhea', 'stompit',
  'pg-boss', 'graphile-worker',
] as const;

export const MAIL_AND_STORAGE = ['nodemailer', '@aws-sdk/client-s3', 'aws-sdk', 'minio', '@google-cloud/storage', '@azure/storage-blob'] as const;

/** Every client of a backing service an operator must attach by config. */
export const BACKING_SERVICE_CLIENTS: readonly string[] = [
  ...SQL_CLIENTS, ...DOCUMENT_STORES, ...CACHES, ...QUEUES, ...MAIL_AND_STORAGE,
];

/** Whether any of `names` is a dependency of the app (runtime dependencies only unless `includeDev`). */
export function dependsOnAny(
  app: { dependencies: readonly string[]; devDependencies: readonly string[] },
  names: readonly string[],
  includeDev = false,
): string | undefined {
  const declared = includeDev ? [...app.dependencies, ...app.devDependencies] : app.dependencies;
  return names.find((name) => declared.includes(name));
}

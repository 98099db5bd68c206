// Runs Confluent's official JavaScript Schema Registry client and Avro serdes against a registry
// URL, following the steps in the JSON file given as the only argument; prints one JSON result.
// Called by ConfluentJsClientInteropTest; not part of any runtime.
import { readFileSync } from 'node:fs';
import { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType } from '@confluentinc/schemaregistry';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const client = new SchemaRegistryClient({ baseURLs: [input.registryUrl], maxRetries: 1 });

// JSON cannot carry Buffers or BigInts: send bytes as base64 and big numbers as strings.
const toJson = (value) => JSON.parse(JSON.stringify(value, (key, v) => {
  if (v && v.type === 'Buffer' && Array.isArray(v.data)) return { base64: Buffer.from(v.data).toString('base64') };
  if (typeof v === 'bigint') return v.toString();
  return v;
}));

const result = {};

// 1. Register a schema and fetch it back, by id and as the subject's latest version.
const registeredId = await client.register(input.register.subject, { schemaType: 'AVRO', schema: input.register.schema });
const byId = await client.getBySubjectAndId(input.register.subject, registeredId);
const latest = await client.getLatestSchemaMetadata(input.register.subject);
result.register = { id: registeredId, schemaById: byId.schema, latestVersion: latest.version, latestId: latest.id };

// 2. Decode bytes written by Chorus's Java serializer.
const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
const decoded = await deserializer.deserialize(input.decode.topic, Buffer.from(input.decode.base64, 'base64'));
result.decoded = toJson(decoded);

// 3. Encode a record for Chorus's Java deserializer, against the subject's latest schema.
const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
const message = input.encode.message;
for (const field of input.encode.bytesFields ?? []) message[field] = Buffer.from(message[field], 'base64');
const encoded = await serializer.serialize(input.encode.topic, message);
result.encoded = Buffer.from(encoded).toString('base64');

process.stdout.write(JSON.stringify(result) + '\n');

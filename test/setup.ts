import 'reflect-metadata';
import '../src/strategies/builtin.js';
import '../src/transport/builtin.js';

// Library logs are for operators; tests assert on events instead.
process.env.MUSTER_LOG_LEVEL ??= 'silent';

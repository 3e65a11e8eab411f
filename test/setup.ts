import 'reflect-metadata';
import '../src/strategies/builtin.js';

// Library logs are for operators; tests assert on events instead.
process.env.MUSTER_LOG_LEVEL ??= 'silent';

#!/usr/bin/env node
import { runCli } from './entries/run-cli';
import { startGateway } from './node-server';

runCli(process.argv.slice(2), startGateway);

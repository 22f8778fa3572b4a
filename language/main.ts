/**
 * The spol language server: stdio, IPC or socket, as the client's command line says
 * (`--stdio`, `--node-ipc`, `--socket=<port>`). Nothing but wiring: the services are in spol-module.ts.
 */
import './polyfill.js';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createSpolServices } from './spol-module.js';
import { registerSpolRequests } from './spol-requests.js';
import { registerSpolTestRequests } from './spol-test-requests.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Spol } = createSpolServices({ connection, ...NodeFileSystem });
registerSpolRequests(connection, Spol);
registerSpolTestRequests(connection, Spol);
startLanguageServer(shared);

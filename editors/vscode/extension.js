// wa for VS Code: starts `wa lsp` over stdio and hands it the `wa` settings.
//
// Everything else (diagnostics, quick fixes, "add to dictionary", rewrites, hover
// summaries) comes from the server, so this client stays a few lines long.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

const LANGUAGES = ["markdown", "mdx", "latex", "tex", "plaintext", "restructuredtext", "asciidoc"];

/** @type {LanguageClient | undefined} */
let client;

function serverOptions() {
  const command = vscode.workspace.getConfiguration("wa").get("server.command") || ["wa", "lsp"];
  const [exe, ...args] = command;
  return { command: exe, args, transport: TransportKind.stdio };
}

function createClient() {
  return new LanguageClient(
    "wa",
    "wa",
    serverOptions(),
    {
      documentSelector: LANGUAGES.flatMap((language) => [
        { scheme: "file", language },
        { scheme: "untitled", language },
      ]),
      // The server pulls `wa` through workspace/configuration; this also sends
      // workspace/didChangeConfiguration whenever a `wa.*` setting changes.
      synchronize: {
        configurationSection: "wa",
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{.wa.toml,pyproject.toml}"),
      },
      outputChannelName: "wa",
    },
  );
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  client = createClient();
  context.subscriptions.push(
    vscode.commands.registerCommand("wa.restartServer", async () => {
      if (client) {
        await client.stop();
      }
      client = createClient();
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("wa.server.command")) {
        await vscode.commands.executeCommand("wa.restartServer");
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `wa: could not start the language server (${error}). Is \`wa\` installed? See the setting wa.server.command.`,
    );
  }
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };

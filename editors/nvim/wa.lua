-- wa, a local AI writing assistant, as a language server for Neovim 0.11+.
--
-- Put this file in ~/.config/nvim/plugin/wa.lua (or paste it into init.lua). It needs
-- `wa` on your PATH (`pip install 'wa[lsp]'`); set WA_LSP_CMD to run another command.
-- Settings are those of docs/lsp.md, under `settings.wa`; the server asks for them
-- (workspace/configuration) and again whenever you change them with
-- `:lua vim.lsp.config("wa", { settings = ... })` followed by `:LspRestart` or a
-- workspace/didChangeConfiguration notification.

vim.lsp.config("wa", {
  cmd = vim.env.WA_LSP_CMD and vim.split(vim.env.WA_LSP_CMD, " ", { trimempty = true }) or { "wa", "lsp" },
  -- Neovim sends the filetype as the language id; wa knows these.
  filetypes = { "markdown", "mdx", "tex", "text", "rst", "asciidoc" },
  root_markers = { ".wa.toml", "pyproject.toml", ".git" },
  settings = {
    wa = {
      -- checkers = { "harper", "model" },          -- default: the project's [tool.wa] list
      -- disabledRules = { "harper/LongSentences" }, -- added to the project's
      -- vocabulary = { "PostgreSQL", "CTranslate2" },
      -- minSeverity = "info",                      -- hint | info | warning | error
      model = true, -- the neural layer, rewrites and summaries
      -- confusions = true,  -- its second look at agreement ("which ask"): about 110 ms per edit
      languages = { "markdown", "latex", "plaintext", "restructuredtext", "asciidoc" },
    },
  },
})

vim.lsp.enable("wa")

-- Suggested keys, only where wa is attached: code actions (quick fixes, "add to
-- dictionary", rewrites) and hover summaries use Neovim's defaults (gra, K).
vim.api.nvim_create_autocmd("LspAttach", {
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if not client or client.name ~= "wa" then
      return
    end
    vim.keymap.set({ "n", "x" }, "<leader>wr", function()
      vim.lsp.buf.code_action({ context = { only = { "refactor.rewrite" }, diagnostics = {} } })
    end, { buffer = args.buf, desc = "wa: rewrite" })
  end,
})

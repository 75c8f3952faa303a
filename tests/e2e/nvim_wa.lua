-- Headless Neovim drives `wa lsp` the way a user's config does (editors/nvim/wa.lua):
-- open a Markdown and a LaTeX file, wait for diagnostics, ask for code actions, apply a
-- quick fix and run a server-side command. Results go to $WA_E2E_OUT as JSON.
local out_path = assert(os.getenv("WA_E2E_OUT"))
local result = { errors = {} }

local function finish()
  local fh = assert(io.open(out_path, "w"))
  fh:write(vim.json.encode(result))
  fh:close()
  vim.cmd("qall!")
end

local ok, err = xpcall(function()
  -- The user's snippet, with the command under test.
  vim.env.WA_LSP_CMD = nil
  dofile(assert(os.getenv("WA_E2E_CONFIG")))
  vim.lsp.config("wa", { cmd = vim.json.decode(assert(os.getenv("WA_E2E_CMD"))) })

  local function diagnostics(buf)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(out, {
        lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code, source = d.source, message = d.message,
      })
    end
    return out
  end

  local function wait_for(buf, pred)
    return vim.wait(30000, function() return pred(vim.diagnostic.get(buf)) end, 20)
  end

  local function has_spell(ds)
    for _, d in ipairs(ds) do
      if d.code == "harper/SpellCheck" then return true end
    end
    return false
  end

  local function actions_for(client, buf, d, only)
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(buf),
      range = d.user_data.lsp.range,
      context = { diagnostics = { d.user_data.lsp }, only = only },
    }
    local resp = client:request_sync("textDocument/codeAction", params, 15000, buf)
    assert(resp and not resp.err, vim.inspect(resp))
    return resp.result or {}
  end

  -- Markdown: a misspelling on a line with an emoji before it.
  vim.cmd.edit(assert(os.getenv("WA_E2E_MD")))
  local md = vim.api.nvim_get_current_buf()
  result.md_filetype = vim.bo[md].filetype
  result.md_ready = wait_for(md, has_spell)
  result.md = diagnostics(md)
  local client = vim.lsp.get_clients({ bufnr = md, name = "wa" })[1]
  assert(client, "wa did not attach")
  result.encoding = client.offset_encoding

  local spell
  for _, d in ipairs(vim.diagnostic.get(md)) do
    if d.code == "harper/SpellCheck" then spell = d end
  end
  local actions = actions_for(client, md, spell, { "quickfix" })
  result.md_actions = vim.tbl_map(function(a) return a.title end, actions)
  -- Apply the first quick fix as the code-action menu would.
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  result.md_fixed_line = vim.api.nvim_buf_get_lines(md, 2, 3, false)[1]
  result.md_cleared = wait_for(md, function(ds) return not has_spell(ds) end)

  -- LaTeX: disable the rule through the server-side command, which writes .wa.toml.
  vim.cmd.edit(assert(os.getenv("WA_E2E_TEX")))
  local tex = vim.api.nvim_get_current_buf()
  result.tex_filetype = vim.bo[tex].filetype
  result.tex_ready = wait_for(tex, has_spell)
  result.tex = diagnostics(tex)
  local tex_spell
  for _, d in ipairs(vim.diagnostic.get(tex)) do
    if d.code == "harper/SpellCheck" then tex_spell = d end
  end
  local disable
  for _, a in ipairs(actions_for(client, tex, tex_spell, { "quickfix" })) do
    if a.title:find("^Disable rule") then disable = a end
  end
  result.tex_disable_title = disable and disable.title
  local resp = client:request_sync("workspace/executeCommand", disable.command, 15000, tex)
  result.command_result = resp and resp.result
  result.tex_cleared = wait_for(tex, function(ds) return not has_spell(ds) end)
end, debug.traceback)

if not ok then
  table.insert(result.errors, err)
end
finish()

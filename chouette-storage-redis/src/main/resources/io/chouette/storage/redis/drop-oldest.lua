-- Drops the oldest records of several queues, across queues, until they hold ARGV[1] records at
-- most; drops ARGV[2] records at most per call, so one call never blocks Redis for long.
-- KEYS: each queue's sorted set then its hash (zset1, hash1, zset2, hash2, ...).
-- Returns { records still over the bound after this call, dropped from queue 1, from queue 2, ... }.
local max = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local queues = #KEYS / 2
local total = 0
for i = 1, queues do
  total = total + redis.call('ZCARD', KEYS[2 * i - 1])
end
local result = { 0 }
for i = 1, queues do
  result[i + 1] = 0
end
local excess = total - max
if excess <= 0 then
  return result
end
local round = math.min(excess, limit)
local heads = {}
local positions = {}
local doomed = {}
for i = 1, queues do
  heads[i] = redis.call('ZRANGE', KEYS[2 * i - 1], 0, round - 1, 'WITHSCORES')
  positions[i] = 1
  doomed[i] = {}
end
for _ = 1, round do
  local best = nil
  local bestScore = nil
  for i = 1, queues do
    local position = positions[i]
    if position <= #heads[i] then
      local score = tonumber(heads[i][position + 1])
      if best == nil or score < bestScore then
        best = i
        bestScore = score
      end
    end
  end
  if best == nil then
    break
  end
  table.insert(doomed[best], heads[best][positions[best]])
  positions[best] = positions[best] + 2
end
local droppedAll = 0
for i = 1, queues do
  local members = doomed[i]
  local dropped = 0
  for from = 1, #members, 1000 do
    local chunk = { unpack(members, from, math.min(from + 999, #members)) }
    dropped = dropped + redis.call('ZREM', KEYS[2 * i - 1], unpack(chunk))
    redis.call('HDEL', KEYS[2 * i], unpack(chunk))
  end
  result[i + 1] = dropped
  droppedAll = droppedAll + dropped
end
result[1] = excess - droppedAll
return result

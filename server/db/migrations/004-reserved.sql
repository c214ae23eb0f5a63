-- Number reserved for a change developed in parallel; this file is replaced by it when the branches meet.
SELECT 1;

"""Test helpers: synthetic ship and aircraft tracks, and a headless-Chromium harness."""

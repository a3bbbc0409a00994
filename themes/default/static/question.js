/*
  Self-check questions for the default theme of `guide`, loaded only on pages that have
  them. Without this script a question still shows, with its answer behind "Show the
  answer". With it, "Check my answer" appears: it compares the reader's choice with the
  right answer and writes the verdict and the chosen options' explanations into the
  question's live region, so a screen reader says it. Everything happens in the page:
  nothing is sent anywhere, and nothing is stored.
*/
(function () {
  "use strict";

  // The page's words for this script, when they are not the English below: a JSON object
  // the theme writes from its strings (i18n/<lang>.yaml) into #guide-ui.
  var strings = {};
  var stringsElement = document.getElementById("guide-ui");
  if (stringsElement) {
    try {
      strings = JSON.parse(stringsElement.textContent);
    } catch (e) {
      strings = {};
    }
  }
  function say(key, english) {
    return strings[key] !== undefined ? String(strings[key]) : english;
  }

  function explanationOf(question, value) {
    var items = question.querySelectorAll(".question-explanations li");
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-option") === value) {
        return items[i].querySelector(".why").textContent;
      }
    }
    return "";
  }

  function check(question, feedback) {
    var inputs = question.querySelectorAll(".question-options input");
    var chosen = [];
    var right = true;
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      var shouldBe = input.hasAttribute("data-right");
      if (input.checked) {
        chosen.push(input);
      }
      if (input.checked !== shouldBe) {
        right = false;
      }
    }
    feedback.textContent = "";
    question.classList.remove("is-right", "is-wrong");
    if (chosen.length === 0) {
      feedback.textContent = say("question.choose_first", "Choose an answer first.");
      return;
    }
    question.classList.add(right ? "is-right" : "is-wrong");
    var verdict = document.createElement("strong");
    verdict.textContent = right
      ? say("question.right", "Right.")
      : chosen.length > 1 || inputs[0].type === "checkbox"
        ? say("question.not_quite", "Not quite: check which options are right.")
        : say("question.not_right", "Not right.");
    feedback.appendChild(verdict);
    for (var j = 0; j < chosen.length; j++) {
      var line = document.createElement("span");
      line.className = "question-feedback-line";
      var label = chosen[j].parentNode.textContent.trim();
      var mark = chosen[j].hasAttribute("data-right") ? say("question.mark_right", "right") : say("question.mark_not_right", "not right");
      line.textContent =
        label + " (" + mark + "): " + explanationOf(question, chosen[j].value);
      feedback.appendChild(line);
    }
  }

  var questions = document.querySelectorAll(".question");
  for (var i = 0; i < questions.length; i++) {
    (function (question) {
      var button = question.querySelector(".question-check");
      var feedback = question.querySelector(".question-feedback");
      if (!button || !feedback) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        check(question, feedback);
      });
      // A changed choice clears the verdict, which spoke of the choice before it.
      question.addEventListener("change", function () {
        feedback.textContent = "";
        question.classList.remove("is-right", "is-wrong");
      });
    })(questions[i]);
  }
})();
